export { loadConfig, parseConfig, readModelsPathFor, ConfigError, type AppConfig } from './config.js';
