/**
 * Where a start-up's time goes: `lap(name)` closes the phase that ran since the previous lap (or since the
 * timer was made) under that name. `phases` holds the milliseconds per phase in order, `cpu` the CPU time
 * (user and system, all threads) this process spent in each, for a debug log line: on a busy machine the
 * wall-clock figures grow with the load, the CPU figures much less.
 */
export function phaseTimer() {
  let last = performance.now()
  let lastCpu = cpuMs()
  const phases: Record<string, number> = {}
  const cpu: Record<string, number> = {}
  return {
    phases,
    cpu,
    lap(name: string) {
      const now = performance.now()
      const nowCpu = cpuMs()
      phases[name] = Math.round(now - last)
      cpu[name] = Math.round(nowCpu - lastCpu)
      last = now
      lastCpu = nowCpu
    },
  }
}

function cpuMs() {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

export type PhaseTimer = ReturnType<typeof phaseTimer>
