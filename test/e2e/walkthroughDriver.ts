// The e2e driver for VS Code's walkthrough page (Welcome: Open Walkthrough…): opens a
// walkthrough by its title and reads or clicks its steps as a person does. Kept apart
// from workbench.ts, one small driver per UI part.
import type { Locator, Page } from 'playwright-core';
import { waitFor, Workbench } from './workbench';

export interface WalkthroughStep {
  title: string;
  /** The step is open: its description and buttons are shown. */
  expanded: boolean;
  /** VS Code ticked the step off (one of its completion events happened). */
  done: boolean;
}

export class WalkthroughDriver {
  private readonly page: Page;

  constructor(private readonly workbench: Workbench) {
    this.page = workbench.page;
  }

  /** The walkthrough page shown now. */
  private get container(): Locator {
    return this.page.locator('.gettingStartedContainer .gettingStartedSlideDetails').first();
  }

  private get steps(): Locator {
    return this.container.locator('.getting-started-step');
  }

  /** Opens the walkthrough titled `title` through "Welcome: Open Walkthrough…" and its picker. */
  async open(title: string): Promise<void> {
    await this.workbench.runCommand('Welcome: Open Walkthrough...');
    await this.workbench.typeIntoInputBox(title, { submit: false });
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: this.workbench.timeout });
    await row.click();
    await this.container.locator('h2', { hasText: title }).first().waitFor({ state: 'visible', timeout: this.workbench.timeout });
  }

  /** The steps of the walkthrough shown now, top to bottom. */
  async readSteps(): Promise<WalkthroughStep[]> {
    return Promise.all(
      (await this.steps.all()).map(async (step) => {
        const classes = ((await step.getAttribute('class')) ?? '').split(/\s+/);
        const checkbox = ((await step.locator('.codicon').first().getAttribute('class')) ?? '').split(/\s+/);
        return {
          title: ((await step.locator('.step-title').first().textContent()) ?? '').trim(),
          expanded: classes.includes('expanded'),
          done: checkbox.includes('complete'),
        };
      }),
    );
  }

  /** Opens the step titled `title` (a click on its title), waiting until it is expanded. */
  async openStep(title: string): Promise<void> {
    const step = this.steps.filter({ has: this.page.locator('.step-title', { hasText: title }) }).first();
    await step.locator('.step-title').first().click();
    await waitFor(async () => (await step.getAttribute('class')) ?? '', (c) => c.split(/\s+/).includes('expanded'), `the step "${title}" to open`, this.workbench.timeout);
  }

  /** The labels of the buttons of the open step. */
  async buttons(): Promise<string[]> {
    const texts = await this.container.locator('.getting-started-step.expanded .monaco-button').allTextContents();
    return texts.map((t) => t.trim()).filter(Boolean);
  }

  /** Clicks the button labelled `label` in the open step. */
  async clickButton(label: string): Promise<void> {
    await this.container.locator('.getting-started-step.expanded .monaco-button', { hasText: label }).first().click();
  }

  /** The picture of the open step (for a screenshot). */
  get media(): Locator {
    return this.container.locator('.getting-started-media').first();
  }
}
