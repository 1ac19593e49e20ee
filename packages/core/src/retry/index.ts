export { DEFAULT_RETRY_SECONDS, MAX_RETRY_SECONDS, MIN_RACE_ATTEMPTS, raceRetry, describeRaceRetry, type RaceRetry, type RaceRetryInput } from './race-retry.js';
