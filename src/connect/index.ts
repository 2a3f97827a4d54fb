// The Connect API client's public surface.
export * from './attachment';
export * from './client';
export * from './endpoint';
export * from './errors';
export * from './failures';
export * from './redact';
export * from './retry';
export * from './tls';
export * from './types';
