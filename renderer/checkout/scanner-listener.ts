import { ScannerDetector, type ScannerOptions } from './scanner-detector';

type TextField = HTMLInputElement | HTMLTextAreaElement;

interface FieldSnapshot {
  field: TextField;
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
}

function focusedTextField(doc: Document): TextField | null {
  const element = doc.activeElement;
  const view = doc.defaultView;
  if (!view || !element) return null;
  if (element instanceof view.HTMLTextAreaElement) return element;
  if (element instanceof view.HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(element.type))
    return element;
  return null;
}

function snapshot(field: TextField | null): FieldSnapshot | null {
  if (!field) return null;
  return { field, value: field.value, selectionStart: field.selectionStart, selectionEnd: field.selectionEnd };
}

/** Put back what the cashier had typed, in a way React's controlled inputs notice. */
function restore(saved: FieldSnapshot): void {
  const { field } = saved;
  if (field.value === saved.value) return;
  const view = field.ownerDocument.defaultView;
  const proto = view && field instanceof view.HTMLTextAreaElement ? view.HTMLTextAreaElement : view?.HTMLInputElement;
  const setter = proto ? Object.getOwnPropertyDescriptor(proto.prototype, 'value')?.set : undefined;
  if (setter) setter.call(field, saved.value);
  else field.value = saved.value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    if (saved.selectionStart !== null) field.setSelectionRange(saved.selectionStart, saved.selectionEnd);
  } catch {
    // Fields like type=email have no caret position to restore.
  }
}

/**
 * Watch every keydown on the window (capture phase, before any field or form sees it) and
 * hand complete scans to `onScan`. The scanner's characters are taken back out of whatever
 * field had the focus, and its Enter never reaches the page, so no form submits.
 */
export function listenForScans(
  win: Window,
  onScan: (code: string) => void,
  options: Partial<ScannerOptions> & { timeOf?: (event: KeyboardEvent) => number } = {},
): () => void {
  const detector = new ScannerDetector(options);
  const timeOf = options.timeOf ?? ((event: KeyboardEvent) => event.timeStamp);
  let saved: FieldSnapshot | null = null;
  const onKeyDown = (event: KeyboardEvent) => {
    // A held-down key repeats by itself; a scanner never sets `repeat`.
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.repeat) {
      detector.reset();
      return;
    }
    const verdict = detector.feed(event.key, timeOf(event));
    if (verdict.kind === 'char') {
      if (verdict.startsBurst) saved = snapshot(focusedTextField(win.document));
      return;
    }
    if (verdict.kind === 'scan') {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (saved?.field.isConnected) restore(saved);
      saved = null;
      onScan(verdict.code);
    }
  };
  win.addEventListener('keydown', onKeyDown, true);
  return () => win.removeEventListener('keydown', onKeyDown, true);
}
