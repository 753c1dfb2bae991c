/**
 * Hybrid logical clock. A stamp sorts as a string: wall time (ms), counter, node.
 * Pure functions: the caller keeps the state and adopts the new one only after
 * the transaction that used the stamp has committed.
 */
export interface HlcState {
  wall: number;
  counter: number;
  node: string;
}

/** Remote clocks further ahead than this are refused rather than followed. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;

export function initialHlc(node: string): HlcState {
  return { wall: 0, counter: 0, node };
}

export function formatHlc(state: HlcState): string {
  return `${state.wall.toString().padStart(WALL_DIGITS, '0')}-${state.counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${state.node}`;
}

export function parseHlc(stamp: string): HlcState {
  const match = /^(\d{15})-([0-9a-z]{5})-(.+)$/.exec(stamp);
  if (!match) throw new Error(`Not a clock stamp: ${stamp}`);
  return { wall: Number(match[1]), counter: Number.parseInt(match[2] as string, 36), node: match[3] as string };
}

/** The next stamp for a local event. */
export function tickHlc(state: HlcState, now: number): HlcState {
  if (now > state.wall) return { wall: now, counter: 0, node: state.node };
  if (state.counter >= MAX_COUNTER) return { wall: state.wall + 1, counter: 0, node: state.node };
  return { wall: state.wall, counter: state.counter + 1, node: state.node };
}

/** Merge a stamp received from another device. */
export function receiveHlc(state: HlcState, remoteStamp: string, now: number): HlcState {
  const remote = parseHlc(remoteStamp);
  if (remote.wall - now > MAX_CLOCK_DRIFT_MS) {
    throw new Error(`The other device's clock is ${Math.round((remote.wall - now) / 60000)} minutes ahead of ours`);
  }
  const wall = Math.max(state.wall, remote.wall, now);
  let counter: number;
  if (wall === state.wall && wall === remote.wall) counter = Math.max(state.counter, remote.counter) + 1;
  else if (wall === state.wall) counter = state.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { wall: wall + 1, counter: 0, node: state.node };
  return { wall, counter, node: state.node };
}
