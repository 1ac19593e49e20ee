import { defineAdStory } from './ad-story.js';

defineAdStory(['system']);
