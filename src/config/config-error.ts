/** A bad environment variable: the message names it, says what is wrong and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
    fix: string,
  ) {
    super(`${variable}: ${problem}. ${fix}`);
    this.name = 'ConfigError';
  }
}
