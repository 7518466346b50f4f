/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  const error = { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } } };
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const idParam = { name: 'id', in: 'path', required: true, description: 'story id or slug', schema: { type: 'string' } };
  return {
    openapi: '3.1.0',
    info: { title: 'Sitrep API', version: '1.0.0', description: 'Stories, their cited briefings (every version), search, entities and sources; and, with the server\'s API token, watchlists and their alerts. Hidden stories are left out; an editor\'s headline replaces the written one.' },
    paths: {
      '/api/v1/stories': {
        get: {
          summary: 'Latest stories, newest first',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', description: 'nextCursor of the previous page', schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'a page of stories', ...json({ type: 'object', properties: { stories: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } } }) }, 400: { description: 'bad input', ...json(error) } },
        },
      },
      '/api/v1/stories/{id}': { get: { summary: "A story's latest briefing", parameters: [idParam], responses: { 200: { description: 'the latest briefing: headline, deck, summary, sections, statements, tags, related stories and cited sources' }, 404: { description: 'not found', ...json(error) } } } },
      '/api/v1/stories/{id}/versions': { get: { summary: "A story's briefing versions", parameters: [idParam], responses: { 200: { description: 'versions, newest first' }, 404: { description: 'not found', ...json(error) } } } },
      '/api/v1/stories/{id}/versions/{v}': {
        get: { summary: 'One briefing version', parameters: [idParam, { name: 'v', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'briefing JSON' }, 400: { description: 'bad version', ...json(error) }, 404: { description: 'not found', ...json(error) } } },
      },
      '/api/v1/search': {
        get: {
          summary: 'Stories matching words and filters, best match first',
          parameters: [
            { name: 'q', in: 'query', description: 'words (each must match; the last may be a prefix)', schema: { type: 'string', maxLength: 200 } },
            { name: 'section', in: 'query', description: 'section path slug, e.g. news/health', schema: { type: 'string' } },
            { name: 'from', in: 'query', description: 'stories with an article published on or after this day', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', description: 'stories with an article published on or before this day', schema: { type: 'string', format: 'date' } },
            { name: 'entity', in: 'query', description: 'a person, organisation or place named in the story', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            200: { description: 'a page of stories, each with a snippet whose matches are between « and »', ...json({ type: 'object', properties: { stories: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } } }) },
            400: { description: 'no filter given, or a bad one', ...json(error) },
          },
        },
      },
      '/api/v1/entities': {
        get: {
          summary: 'People, organisations and places in published stories, most mentioned first',
          parameters: [
            { name: 'type', in: 'query', schema: { type: 'string', enum: ['PERSON', 'ORG', 'PLACE'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'cursor', in: 'query', description: 'nextCursor of the previous page', schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'a page of entities with their mentions and story counts' }, 400: { description: 'bad input', ...json(error) } },
        },
      },
      '/api/v1/entities/{slug}': {
        get: {
          summary: 'A person, organisation or place across stories: roles, aliases, stories, quotes',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'the entity' }, 404: { description: 'not found', ...json(error) } },
        },
      },
      '/api/v1/sources': { get: { summary: 'Followed sources with their fetch status', responses: { 200: { description: 'sources' } } } },
      '/api/v1/stats': { get: { summary: 'Counts of sources, failing sources, articles and stories', responses: { 200: { description: 'stats' } } } },
      '/api/v1/watches': {
        get: { summary: 'Watchlists, with their feed and page URLs (needs the API token)', security: [{ token: [] }], responses: { 200: { description: 'watchlists' }, 401: { description: 'no or wrong token', ...json(error) }, 403: { description: 'SITREP_API_TOKEN is not set on the server', ...json(error) } } },
        post: {
          summary: 'Add a watchlist (needs the API token)',
          security: [{ token: [] }],
          requestBody: {
            required: true,
            ...json({
              type: 'object',
              required: ['name'],
              properties: {
                name: { type: 'string' },
                entities: { type: 'array', items: { type: 'string' }, description: 'people, places, organisations; any one matches' },
                query: { type: 'string', description: 'words, found as the site search finds them' },
                section: { type: 'string', description: 'a section path, e.g. News/Russia' },
                story: { type: 'string', description: "a story's slug" },
                minScore: { type: 'number', minimum: 0, default: 2 },
                webhook: { type: 'string', format: 'uri', description: 'receives signed JSON POSTs (X-Sitrep-Signature)' },
                email: { type: 'string', format: 'email' },
              },
            }),
          },
          responses: { 201: { description: 'the watchlist, with `feed`: its Atom feed URL, which carries an unguessable token' }, 400: { description: 'bad input', ...json(error) }, 401: { description: 'no or wrong token', ...json(error) } },
        },
      },
      '/api/v1/watches/{id}': { delete: { summary: 'Remove a watchlist and its alerts (needs the API token)', security: [{ token: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'removed' }, 404: { description: 'not found', ...json(error) } } } },
      '/api/v1/watches/{id}/alerts': {
        get: {
          summary: "A watchlist's scored updates, newest first, with their reasons (needs the API token)",
          security: [{ token: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }, { name: 'all', in: 'query', description: '1: include updates below the threshold', schema: { type: 'string', enum: ['1'] } }],
          responses: { 200: { description: 'alerts' }, 404: { description: 'not found', ...json(error) } },
        },
      },
    },
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'SITREP_API_TOKEN' } } },
  };
}
