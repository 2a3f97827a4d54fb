// Every name the extension shares with package.json and VS Code: command ids, view ids,
// context keys, setting keys, and the keys it stores under. test/unit/names.test.ts
// checks them against package.json and the code that registers the commands.
// No `vscode` import.

export const COMMANDS = {
  signIn: 'gettyConnect.signIn',
  signInApplication: 'gettyConnect.signInApplication',
  renewSession: 'gettyConnect.renewSession',
  signOut: 'gettyConnect.signOut',
  showLog: 'gettyConnect.showLog',
  checkDownloadAuthorization: 'gettyConnect.checkDownloadAuthorization',
  copyDownloadToken: 'gettyConnect.copyDownloadToken',
  downloadImage: 'gettyConnect.downloadImage',
  copyDownloadLink: 'gettyConnect.copyDownloadLink',
  copyImageId: 'gettyConnect.copyImageId',
  checkAgain: 'gettyConnect.checkAgain',
  checkOtherSize: 'gettyConnect.checkOtherSize',
  refreshAuthorizations: 'gettyConnect.refreshAuthorizations',
  clearAuthorizations: 'gettyConnect.clearAuthorizations',
  exportAuthorizations: 'gettyConnect.exportAuthorizations',
} as const;

export const VIEW_CONTAINER = 'gettyConnect';

export const VIEWS = {
  authorizations: 'gettyConnect.authorizations',
} as const;

/** Context keys set with `setContext`, read by `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  /** signedOut, expired, user or application. */
  state: 'gettyConnect.state',
} as const;

/** The section of every setting. */
export const SETTINGS_SECTION = 'gettyConnect';

/** Setting keys within SETTINGS_SECTION. */
export const SETTINGS = {
  endpoint: 'endpoint',
  renewBeforeExpiryMinutes: 'renewBeforeExpiryMinutes',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  batchSize: 'batchSize',
  defaultSizeKey: 'defaultSizeKey',
  maxImagesPerCheck: 'maxImagesPerCheck',
  downloadFolder: 'downloadFolder',
} as const;

/** The full name of a setting, as the Settings editor and settings.json know it. */
export function settingName(key: (typeof SETTINGS)[keyof typeof SETTINGS]): string {
  return `${SETTINGS_SECTION}.${key}`;
}

/** The authentication provider in the Accounts menu. */
export const AUTH_PROVIDER_ID = 'getty-connect';

export const STATUS_BAR_ITEM = 'gettyConnect.session';

/** Keys of SecretStorage (secrets) and globalState (remembered names, never secrets). */
export const STORAGE_KEYS = {
  session: 'gettyConnect.session',
  renewalClaim: 'gettyConnect.renewalClaim',
  lastSystemId: 'gettyConnect.lastSystemId',
  lastUserName: 'gettyConnect.lastUserName',
} as const;
