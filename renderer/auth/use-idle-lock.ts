import { useEffect } from 'react';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'input', 'wheel', 'touchstart'] as const;
/** How often, at most, activity is passed on to main (which locks an idle session by itself). */
export const TOUCH_EVERY_MS = 30_000;

/**
 * Call `onIdle` once nothing was touched or typed for `minutes` (0: never), and `onActive` when
 * something is, at most every TOUCH_EVERY_MS.
 */
export function useIdleLock(minutes: number, onIdle: () => void, onActive?: () => void): void {
  useEffect(() => {
    if (minutes <= 0) return;
    let last = Date.now();
    let told = last;
    const touch = () => {
      last = Date.now();
      if (onActive && last - told >= TOUCH_EVERY_MS) {
        told = last;
        onActive();
      }
    };
    for (const event of ACTIVITY) window.addEventListener(event, touch, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) onIdle();
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, touch, { capture: true });
    };
  }, [minutes, onIdle, onActive]);
}
