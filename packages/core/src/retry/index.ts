export { DEFAULT_RETRY_SECONDS, MAX_RETRY_SECONDS, raceRetry, describeRaceRetry, type RaceRetry, type RaceRetryInput } from './race-retry.js';
