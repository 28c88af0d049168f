/** The host a download comes from, as the UI names it ("huggingface.co"); the text itself when it is no URL. */
export const hostOf = (url: string): string => {
  try {
    return new URL(url, location.href).host;
  } catch {
    return url;
  }
};
