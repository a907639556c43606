export * from './local-date.js';
export {
  zoneRules,
  type LocalDateTime,
  type LocalResolution,
  type ZonedInstant,
  type ZoneRules,
} from './zoned-time.js';
