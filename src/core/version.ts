// Replaced at build time from package.json (see scripts/build.mjs).
declare const __DISTILLERY_VERSION__: string | undefined;
export const VERSION: string = typeof __DISTILLERY_VERSION__ === 'string' ? __DISTILLERY_VERSION__ : '0.0.0-dev';
