import type { Page } from 'playwright-core';

/**
 * Opens the Agents Playground's page and resolves once the client has its config from the
 * Playground's server. The page draws its built-in chats and team before that config arrives, and
 * what is done in that moment is lost: a channel opened then never sends the install (the client
 * checks "config loaded?" once, when the channel opens) and a message typed then is never
 * answered. Clicking as soon as something is visible raced that load, and lost it under CI load.
 */
export async function openPlayground(page: Page, url: string): Promise<void> {
  const configLoaded = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/_internal/v1/config' && response.ok(),
    { timeout: 30_000 },
  );
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await (await configLoaded).finished();
}
