/**
 * Where a start-up's time goes: `lap(name)` closes the phase that ran since the previous lap (or since the
 * timer was made) under that name. `phases` holds the milliseconds per phase in order, for a debug log line.
 */
export function phaseTimer() {
  let last = performance.now()
  const phases: Record<string, number> = {}
  return {
    phases,
    lap(name: string) {
      const now = performance.now()
      phases[name] = Math.round(now - last)
      last = now
    },
  }
}

export type PhaseTimer = ReturnType<typeof phaseTimer>
