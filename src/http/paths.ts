/** Where the JSON API lives. In its own module so plugins and routes can share it without a cycle. */
export const API_PREFIX_PATH = '/api/v1';
