import { useState, type FormEvent } from 'react';

export function UrlForm({ onUrl }: { onUrl(url: string): void }) {
  const [url, setUrl] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim()) onUrl(url.trim());
  };
  return (
    <form className="url-form" onSubmit={submit}>
      <input
        type="url"
        placeholder="…or paste an image URL"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        data-testid="image-url"
        aria-label="Image URL"
      />
      <button type="submit" disabled={!url.trim()}>
        Classify URL
      </button>
    </form>
  );
}
