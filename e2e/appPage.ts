import { expect, type Page, type TestInfo } from '@playwright/test';
import { cspViolations, guardCsp } from './cspGuard';

export type Backend = 'webgpu' | 'wasm';

/** The app's views, one per workflow; `nav-<view>` links go there. */
export type View = 'classify' | 'detect' | 'benchmark' | 'models';

/** What a user does on the page, in the words of the app's data-testid attributes. */
export class AppPage {
  /** Uncaught exceptions and console.error lines, from the page and its workers. */
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    // Also for pages a spec opens itself (other browser flags), which the test fixture does not see.
    guardCsp(page);
    page.on('pageerror', (error) => this.consoleErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  /** ONNX Runtime's WASM build writes its whole log (verbose, info, warnings) to stderr, i.e. console.error. */
  expectNoConsoleErrors(): void {
    expect(this.consoleErrors.filter((line) => !/\[[VIW]:onnxruntime/.test(line))).toEqual([]);
    expect(cspViolations(this.page), 'Content-Security-Policy violations').toEqual([]);
  }

  status() {
    return this.page.getByTestId('status');
  }

  error() {
    return this.page.getByTestId('error');
  }

  async open(query: Record<string, string> = {}): Promise<void> {
    const search = new URLSearchParams(query).toString();
    await this.page.goto(search ? `./?${search}` : './');
    await this.waitReady();
  }

  /** Goes to a view by its navigation link (as a user would) and waits until that view is shown. */
  async goto(view: View): Promise<void> {
    const current = await this.page.getByTestId('view').getAttribute('data-view');
    if (current === view) return;
    await this.page.getByTestId(`nav-${view}`).click();
    await expect(this.page.getByTestId('view')).toHaveAttribute('data-view', view);
  }

  async waitReady(): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-state', /^(ready|error)$/);
    await expect(this.status()).toHaveAttribute('data-state', 'ready');
  }

  async selectModel(id: string): Promise<void> {
    await this.page.getByTestId('model-select').selectOption(id);
    await this.waitReady();
  }

  async selectBackend(backend: Backend): Promise<void> {
    await this.page.getByTestId('backend-select').selectOption(backend);
    await this.waitReady();
    await expect(this.page.getByTestId('model-info')).toHaveAttribute('data-backend', backend);
  }

  /** Chooses a file in the image input and waits until that request has finished (result or error). */
  async chooseImage(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.goto('classify');
    const before = Number(await this.status().getAttribute('data-images-done'));
    await this.page.getByTestId('image-input').setInputFiles(file);
    await expect(this.status()).toHaveAttribute('data-images-done', String(before + 1));
    await expect(this.status()).toHaveAttribute('data-state', 'ready');
  }

  top5(backend: Backend) {
    return this.page.locator(`[data-testid="top5"][data-backend="${backend}"] [data-testid="top5-item"]`);
  }

  async topLabels(backend: Backend): Promise<string[]> {
    await expect(this.top5(backend)).toHaveCount(5);
    return this.top5(backend).evaluateAll((items) => items.map((i) => i.getAttribute('data-label') ?? ''));
  }

  async screenshot(testInfo: TestInfo, name: string): Promise<void> {
    const path = testInfo.outputPath(`${name}.png`);
    // The top bar is sticky: from a scrolled page, a full-page capture would draw it in the middle.
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }
}
