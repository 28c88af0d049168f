/** What saving a file needs of the page; unit tests pass a fake and see the timer and the revoke. */
export interface DownloadDom {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  /** Clicks a temporary link to `url` that saves as `name`. */
  clickLink(url: string, name: string): void;
  setTimeout(run: () => void, ms: number): unknown;
}

const browserDom = (): DownloadDom => ({
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  clickLink: (href, download) => Object.assign(document.createElement('a'), { href, download }).click(),
  setTimeout: (run, ms) => setTimeout(run, ms),
});

/** How long the browser gets to read the blob after the click before its URL is revoked. */
export const REVOKE_AFTER_MS = 1000;

/** Saves text as a file through a temporary link (the browser's own download, no server). */
export function downloadText(name: string, type: string, text: string, dom: DownloadDom = browserDom()): void {
  const url = dom.createObjectURL(new Blob([text], { type }));
  dom.clickLink(url, name);
  // The click starts the download synchronously enough; revoke once it has had time to read the blob.
  dom.setTimeout(() => dom.revokeObjectURL(url), REVOKE_AFTER_MS);
}
