import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';

interface Props {
  accept: string;
  testId: string;
  label: string;
  /** Also take a file pasted anywhere on the page (images). */
  acceptPaste?: boolean;
  /** Several files at once (a drop, a multi-select, a folder) go to onFiles when given. */
  onFiles?(files: File[]): void;
  /** With onFiles: also offer "Choose a folder" (where a whole folder is what the user brings). */
  folder?: boolean;
  onFile(file: File): void;
}

/** A file input the user can also drop onto, open with Enter/Space, or paste an image into. */
export function DropZone({ accept, testId, label, acceptPaste = false, onFile, onFiles, folder = true }: Props) {
  const take = (list: FileList | null | undefined) => {
    // A chosen folder brings every file in it: keep the ones this zone accepts (images, videos).
    const kind = accept.endsWith('/*') ? accept.slice(0, -1) : '';
    const files = Array.from(list ?? []).filter((f) => !kind || list?.length === 1 || f.type.startsWith(kind));
    if (files.length > 1 && onFiles) onFiles(files);
    else if (files[0]) onFile(files[0]);
  };
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (!acceptPaste) return;
    const onPaste = (event: ClipboardEvent) => {
      const file = Array.from(event.clipboardData?.files ?? [])[0];
      if (file) onFile(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onFile, acceptPaste]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.current?.click();
    }
  };

  return (
    <div className="drop-field">
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        role="button"
        tabIndex={0}
        aria-label={label}
        data-testid={`${testId}-drop`}
        onClick={() => input.current?.click()}
        onKeyDown={onKeyDown}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="drop-title">{label}</p>
        <p className="hint">
          Drop {onFiles ? 'files' : 'a file'} here, or click or press Enter to choose{acceptPaste ? ', or paste an image' : ''}.
        </p>
        <input
          ref={input}
          type="file"
          accept={accept}
          data-testid={testId}
          hidden
          multiple={onFiles !== undefined}
          onChange={(e) => {
            take(e.target.files);
            e.target.value = ''; // choosing the same file again must fire change again
          }}
        />
      </div>
      {onFiles && folder ? (
        // Outside the zone: a control inside a role="button" would be unreachable by Tab and invisible to screen readers.
        <label className="file-button">
          Choose a folder
          <input
            type="file"
            className="visually-hidden"
            data-testid={`${testId}-folder`}
            {...{ webkitdirectory: '' }}
            onChange={(e) => take(e.target.files)}
          />
        </label>
      ) : null}
    </div>
  );
}
