import { defineAdStory } from './ad-story.js';

defineAdStory(['isomorphic']);
