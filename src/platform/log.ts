import type { FastifyServerOptions } from 'fastify'
import pretty from 'pino-pretty'

/**
 * The request log: one JSON object per line in production and tests, for log shippers; in development
 * lines a person reads (time, level, message, the request in short), coloured on a terminal.
 */
export function loggerOptions(opts: {
  env: 'development' | 'production' | 'test'
  level: string
}): FastifyServerOptions['logger'] {
  if (opts.level === 'silent') return false
  if (opts.env !== 'development') return { level: opts.level }
  const stream = pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
  })
  return { level: opts.level, stream }
}
