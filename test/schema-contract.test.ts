import fs from 'node:fs';
import { buildSchema, Kind, parse, print, visit, type StringValueNode } from 'graphql';
import { apiSchemaOf, RELEASED_PATH, supergraphPath } from '../scripts/schema-api';
import { fieldsOf, supergraphCoverage } from '../scripts/schema-coverage';
import { releasedVersion } from '../scripts/schema-release';

/** One line per element without a description, as `npm run schema:coverage -- --missing` prints it. */
function missingOf(sdl: string): string[] {
  return supergraphCoverage(sdl)
    .filter((e) => !e.described)
    .map((e) => `${e.subgraphs.join('+') || '-'}\t${e.kind}\t${e.coordinate}`);
}

/** The same SDL with every definition, field, argument and enum value given `describe(name)` as its description. */
function redescribe(sdl: string, describe: (name: string) => string | undefined): string {
  const withDescription = <T extends { readonly name: { readonly value: string }; readonly description?: StringValueNode }>(node: T): T => {
    const text = describe(node.name.value);
    return { ...node, description: text === undefined ? undefined : { kind: Kind.STRING, value: text, block: false } };
  };
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition: withDescription,
      InterfaceTypeDefinition: withDescription,
      InputObjectTypeDefinition: withDescription,
      UnionTypeDefinition: withDescription,
      EnumTypeDefinition: withDescription,
      ScalarTypeDefinition: withDescription,
      FieldDefinition: withDescription,
      InputValueDefinition: withDescription,
      EnumValueDefinition: withDescription,
    }),
  );
}

/** A small supergraph with known gaps, federation's join__/link__ definitions included. */
const SMALL_SUPERGRAPH = `
schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.4", for: EXECUTION) { query: Query }
directive @join__type(graph: join__Graph!, key: join__FieldSet) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @join__field(graph: join__Graph, external: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
scalar join__FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
enum join__Graph {
  COLLECTIONS @join__graph(name: "collections", url: "http://localhost:4002/graphql")
  STAFF_DEVELOPMENT @join__graph(name: "staff-development", url: "http://localhost:4001/graphql")
}

"""The entry points"""
type Query @join__type(graph: COLLECTIONS) @join__type(graph: STAFF_DEVELOPMENT) {
  """A library by its id"""
  library("""The library's slug""" id: ID!, includeClosed: Boolean): Library @join__field(graph: STAFF_DEVELOPMENT)
  items(first: Int): [Item!]! @join__field(graph: COLLECTIONS)
}

"""A library"""
type Library @join__type(graph: COLLECTIONS, key: "id") @join__type(graph: STAFF_DEVELOPMENT, key: "id") {
  """Its slug"""
  id: ID!
  """   """
  name: String! @join__field(graph: STAFF_DEVELOPMENT)
}

type Item @join__type(graph: COLLECTIONS) {
  """The barcode"""
  barcode: String!
  status: ItemStatus!
}

"""Where a copy is"""
enum ItemStatus @join__type(graph: COLLECTIONS) {
  """On the shelf"""
  AVAILABLE @join__enumValue(graph: COLLECTIONS)
  ON_LOAN @join__enumValue(graph: COLLECTIONS)
}

"""A page of a list"""
input PageInput @join__type(graph: COLLECTIONS) {
  first: Int
  """The cursor to start after"""
  after: String
}

scalar Isbn @join__type(graph: COLLECTIONS)
`;

describe('the description coverage', () => {
  it('lists exactly the elements a small supergraph leaves undescribed, with their subgraphs, and none of federation’s own', () => {
    expect(missingOf(SMALL_SUPERGRAPH).sort()).toEqual(
      [
        'collections\tfield\tQuery.items',
        'staff-development\targument\tQuery.library(includeClosed:)',
        'collections\targument\tQuery.items(first:)',
        'staff-development\tfield\tLibrary.name',
        'collections\ttype\tItem',
        'collections\tfield\tItem.status',
        'collections\tenum value\tItemStatus.ON_LOAN',
        'collections\tfield\tPageInput.first',
        'collections\ttype\tIsbn',
      ].sort(),
    );
  });

  it('counts every type, field, input field, argument and enum value of the small supergraph, and nothing else', () => {
    const elements = supergraphCoverage(SMALL_SUPERGRAPH);
    expect(elements.map((e) => e.coordinate).sort()).toEqual(
      [
        'Query',
        'Query.library',
        'Query.library(id:)',
        'Query.library(includeClosed:)',
        'Query.items',
        'Query.items(first:)',
        'Library',
        'Library.id',
        'Library.name',
        'Item',
        'Item.barcode',
        'Item.status',
        'ItemStatus',
        'ItemStatus.AVAILABLE',
        'ItemStatus.ON_LOAN',
        'PageInput',
        'PageInput.first',
        'PageInput.after',
        'Isbn',
      ].sort(),
    );
  });

  it('on the committed supergraph, finds every element missing once the descriptions are stripped, and none once all are back', () => {
    const sdl = fs.readFileSync(supergraphPath(), 'utf8');
    const all = supergraphCoverage(sdl).length;
    expect(all).toBeGreaterThan(2000);
    expect(missingOf(redescribe(sdl, () => undefined))).toHaveLength(all);
    expect(missingOf(redescribe(sdl, () => '  '))).toHaveLength(all);
    const described = redescribe(sdl, (name) => `About ${name}`);
    expect(supergraphCoverage(described)).toHaveLength(all);
    expect(missingOf(described)).toEqual([]);
  });
});

describe('the committed supergraph', () => {
  it('has a description on every type, field, input field, argument and enum value (npm run schema:coverage -- --missing)', () => {
    expect(missingOf(fs.readFileSync(supergraphPath(), 'utf8'))).toEqual([]);
  });
});

describe('the released schema', () => {
  const released = fs.readFileSync(RELEASED_PATH, 'utf8');

  it('names its version and date on its first line', () => {
    expect(releasedVersion(released)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('is an API schema, what clients see: no federation machinery and nothing @inaccessible', () => {
    expect(released).not.toMatch(/join__|link__|@inaccessible/);
    const supergraph = buildSchema(fs.readFileSync(supergraphPath(), 'utf8'), { assumeValidSDL: true });
    const inaccessible = (node: { readonly directives?: readonly { name: { value: string } }[] } | null | undefined) =>
      !!node?.directives?.some((d) => d.name.value === 'inaccessible');
    const hidden = Object.values(supergraph.getTypeMap()).flatMap((type) => [
      ...(inaccessible(type.astNode) ? [type.name] : []),
      ...fieldsOf(type)
        .filter((f) => inaccessible(f.astNode))
        .map((f) => `${type.name}.${f.name}`),
    ]);
    expect(hidden.length).toBeGreaterThan(0);
    const api = buildSchema(apiSchemaOf(supergraphPath()));
    const visible = (coordinate: string) => {
      const [type, field] = coordinate.split('.');
      const t = api.getType(type);
      return field ? !!t && fieldsOf(t).some((f) => f.name === field) : !!t;
    };
    expect(hidden.filter(visible)).toEqual([]);
    expect(apiSchemaOf(supergraphPath())).not.toMatch(/join__|link__|@inaccessible/);
  });
});
