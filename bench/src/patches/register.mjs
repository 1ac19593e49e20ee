// `node --import ./bench/src/patches/register.mjs …`: load the built packages with the fixes of
// ./fixes.mjs applied in memory (see there). Only for `node bench/run.mjs --patched`.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
