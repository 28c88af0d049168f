/** Saves text as a file through a temporary link (the browser's own download, no server). */
export function downloadText(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  // The click starts the download synchronously enough; revoke once it has had time to read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
