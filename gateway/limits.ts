import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import {
  GraphQLError,
  Kind,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * The gateway's request limits that run outside graphql-js validation (docs/security.md, "Security limits"):
 *
 * - the query text's size, before it is hashed into a cache or parsed (`MAX_QUERY_BYTES`);
 * - the document's size, right after parsing and before validation (`MAX_QUERY_FIELDS` fields,
 *   `MAX_QUERY_ALIASES` aliases — `__typename` ones too —, and at most MAX_REPEATED_FIELD fields of
 *   one response name in one selection set): graphql-js's "fields can be merged" rule compares
 *   every pair of same-named fields, so a few hundred of them cost seconds to validate;
 * - the answer's size, once serialised (`MAX_RESPONSE_BYTES`).
 *
 * Each refusal is a coded error with HTTP 400; the limit and the figure found are in extensions.
 *
 * A plugin hook that throws becomes a 500 in Apollo Server, so the text's size is checked by an
 * Express handler in front of Apollo, and a document refused by size is swapped, before
 * validation, for a one-field stand-in that `refusedDocumentRule` (the first validation rule)
 * reports with the refusal: graphql-js then validates `{ __typename }`, not the hostile document.
 */

/** Same response name in one selection set (inline fragments merged into it): plenty for any client. */
export const MAX_REPEATED_FIELD = 10;

export interface LimitSettings {
  maxQueryFields: number;
  maxAliases: number;
  maxResponseBytes: number;
}

const refusal = (code: string, message: string, extensions: Record<string, unknown>) => new GraphQLError(message, { extensions: { code, ...extensions } });

export interface DocumentSize {
  /** Fields as executed: every field node, each fragment counted as often as it is spread. */
  fields: number;
  aliases: number;
  /** The largest number of fields sharing one response name in one selection set. */
  repeated: number;
}

/**
 * Counts a parsed document's fields and aliases (`__typename` included): linear in the document,
 * no schema. Fragments are counted where they are spread (memoised, so fragments spreading
 * fragments twice over — 2^n fields from n small fragments — cost n steps to count, not 2^n).
 */
export function documentSize(document: DocumentNode): DocumentSize {
  const size: DocumentSize = { fields: 0, aliases: 0, repeated: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const expanded = new Map<string, number>();
  const fragmentFields = (name: string): number => {
    const known = expanded.get(name);
    if (known !== undefined) return known;
    expanded.set(name, 0); // a cycle counts nothing (graphql refuses it anyway)
    const def = fragments.get(name);
    const n = def ? walk(def.selectionSet, new Map()) : 0;
    expanded.set(name, n);
    return n;
  };
  const walk = (set: SelectionSetNode, names: Map<string, number>): number => {
    let fields = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        fields += 1;
        if (sel.alias) size.aliases += 1;
        const name = (sel.alias ?? sel.name).value;
        const seen = (names.get(name) ?? 0) + 1;
        names.set(name, seen);
        if (seen > size.repeated) size.repeated = seen;
        if (sel.selectionSet) fields += walk(sel.selectionSet, new Map());
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        fields += walk(sel.selectionSet, names);
      } else {
        fields += fragmentFields(sel.name.value);
      }
    }
    return fields;
  };
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) size.fields += walk(def.selectionSet, new Map());
  }
  for (const name of fragments.keys()) fragmentFields(name); // unused ones still count their aliases
  return size;
}

/**
 * graphql-js 16 validates a `subscription` (or `mutation`) against a schema without that root
 * type, and Apollo then fails it as an internal error: refuse it as invalid instead.
 */
export function knownOperationTypeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[node.operation];
      if (!root) context.reportError(new GraphQLError(`This API does not support ${node.operation} operations`, { nodes: [node] }));
    },
  };
}

/** Refuses a `query` text over `maxBytes` before Apollo hashes, caches or parses it (POST body or GET parameter). */
export function queryBytesLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const query: unknown = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
    const bytes = typeof query === 'string' ? Buffer.byteLength(query, 'utf8') : 0;
    if (bytes <= maxBytes) return next();
    res.status(400).json({
      errors: [
        {
          message: `The query text is ${bytes} bytes, more than the ${maxBytes} allowed`,
          extensions: { code: 'QUERY_TOO_LARGE', limit: 'bytes', bytes, maxBytes },
        },
      ],
    });
  };
}

/** Stand-in documents and the refusal each carries (see refusedDocumentRule). */
const refusals = new WeakMap<DocumentNode, GraphQLError>();

/** Must be the first validation rule: reports the refusal a stand-in document carries. */
export function refusedDocumentRule(context: ValidationContext): ASTVisitor {
  const refusal = refusals.get(context.getDocument());
  if (refusal) context.reportError(refusal);
  return {};
}

function sizeRefusal(document: DocumentNode, limits: LimitSettings): GraphQLError | undefined {
  const size = documentSize(document);
  if (size.fields > limits.maxQueryFields) {
    return refusal('QUERY_TOO_LARGE', `The query selects ${size.fields} fields, more than the ${limits.maxQueryFields} allowed`, {
      limit: 'fields',
      fields: size.fields,
      maxFields: limits.maxQueryFields,
    });
  }
  if (size.repeated > MAX_REPEATED_FIELD) {
    return refusal('QUERY_TOO_LARGE', `The query repeats one field ${size.repeated} times in a selection, more than the ${MAX_REPEATED_FIELD} allowed`, {
      limit: 'repeatedField',
      repeated: size.repeated,
      maxRepeated: MAX_REPEATED_FIELD,
    });
  }
  if (size.aliases > limits.maxAliases) {
    return refusal('GRAPHQL_VALIDATION_FAILED', `The query uses ${size.aliases} aliases, more than the ${limits.maxAliases} allowed`, {
      limit: 'aliases',
      aliases: size.aliases,
      maxAliases: limits.maxAliases,
    });
  }
  return undefined;
}

export function queryLimitsPlugin<T extends BaseContext>(limits: LimitSettings): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        // Parsed, not yet validated (a cached, already validated document skips this).
        async validationDidStart(requestContext) {
          const error = sizeRefusal(requestContext.document, limits);
          if (!error) return;
          const standIn = parse('{ __typename }', { noLocation: true });
          refusals.set(standIn, error);
          (requestContext as { document: DocumentNode }).document = standIn;
        },
        // The answer as it would be sent: over the cap, a coded error goes instead.
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const bytes = Buffer.byteLength(JSON.stringify(response.body.singleResult), 'utf8');
          if (bytes <= limits.maxResponseBytes) return;
          const error: GraphQLFormattedError = {
            message: `The answer is ${bytes} bytes, more than the ${limits.maxResponseBytes} one response may carry: ask for smaller pages or fewer fields`,
            extensions: { code: 'RESPONSE_TOO_LARGE', bytes, maxBytes: limits.maxResponseBytes },
          };
          response.body.singleResult = { errors: [error] };
          response.http.status = 400;
        },
      };
    },
  };
}

/** Limit codes a validation rule reports; Apollo files them under GRAPHQL_VALIDATION_FAILED. */
const RULE_CODES = new Set(['QUERY_TOO_COSTLY', 'QUERY_TOO_LARGE']);

/** Gives a limit refused by a validation rule its own code back (cost and budget stay in extensions). */
export function limitCodeOf(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = original instanceof GraphQLError ? original.extensions?.code : undefined;
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && typeof code === 'string' && RULE_CODES.has(code)) {
    return { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  return formatted;
}
