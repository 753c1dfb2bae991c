import { useEffect, useRef } from 'react';
import { listenForScans } from './scanner-listener';

/** While the screen is shown, every scan (wherever the focus is) goes to `onScan`. */
export function useScanner(onScan: (code: string) => void): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  useEffect(() => listenForScans(window, (code) => latest.current(code)), []);
}
