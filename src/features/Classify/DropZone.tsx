import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';

interface Props {
  accept: string;
  testId: string;
  label: string;
  /** Also take a file pasted anywhere on the page (images). */
  acceptPaste?: boolean;
  onFile(file: File): void;
}

/** A file input the user can also drop onto, open with Enter/Space, or paste an image into. */
export function DropZone({ accept, testId, label, acceptPaste = false, onFile }: Props) {
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
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.current?.click();
    }
  };

  return (
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
      <p>{label}</p>
      <p className="hint">Drop a file here, or click or press Enter to choose one{acceptPaste ? ', or paste one' : ''}.</p>
      <input
        ref={input}
        type="file"
        accept={accept}
        data-testid={testId}
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = ''; // choosing the same file again must fire change again
        }}
      />
    </div>
  );
}
