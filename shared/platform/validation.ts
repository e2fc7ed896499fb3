import { getMetadataStorage, validateOrReject, ValidateBy, type ValidationOptions, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';
import { BadUserInputError } from './errors';

/**
 * class-validator rules the stock decorators do not say, for @ArgsType and @InputType fields.
 * type-graphql checks them before the resolver runs (buildSchema's `validate`), and a failure
 * reaches the client as BAD_USER_INPUT naming the field (errors.ts `formatError`).
 *
 * Both read the text as the services store it, trimmed: '   ab ' is two characters, not six.
 */

/** A text of `min` to `max` characters once trimmed. */
export function TrimmedLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'trimmedLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length >= min && value.trim().length <= max,
        defaultMessage: () => `$property must be ${min} to ${max} characters`,
      },
    },
    options,
  );
}

/** A text with more than whitespace in it. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => '$property must not be blank',
      },
    },
    options,
  );
}

/** The earliest date a record may carry (the Republic's first year). */
export const EARLIEST_RECORD_DATE = '1945-01-01';
/** How far ahead of the library's today a record's date may lie, in years. */
export const RECORD_YEARS_AHEAD = 5;

/**
 * A date a record may carry — staff records, promotions, the calendar, agreements: not before
 * 1945 and not more than five years after `today` (the library's); BAD_USER_INPUT on `field`.
 */
export function checkRecordDate(field: string, date: string, today: string): void {
  if (date < EARLIEST_RECORD_DATE) throw new BadUserInputError(field, `${field} must not be before ${EARLIEST_RECORD_DATE}`);
  const latest = `${Number(today.slice(0, 4)) + RECORD_YEARS_AHEAD}${today.slice(4)}`;
  if (date > latest) throw new BadUserInputError(field, `${field} must not be more than ${RECORD_YEARS_AHEAD} years ahead`);
}

/** As type-graphql's own validation runs class-validator: missing properties are the schema's business. */
const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

/** Whether class-validator has any rule for instances of a class (its own or inherited), once per class. */
const constrained = new WeakMap<object, boolean>();
function hasRules(value: object): boolean {
  let known = constrained.get(value.constructor);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(value.constructor, '', true, false).length > 0;
    constrained.set(value.constructor, known);
  }
  return known;
}

/**
 * buildSchema's `validateFn`: type-graphql's own validation, for the arguments whose class has a
 * rule. Its default looked the class-validator module up again and ran the validator's metadata
 * search on every argument object of every request — ConnectionArgs (`first`, `after`) on each
 * list field, which has no rule (#19's profile: ~3 % of a subgraph). A failure is the same
 * ArgumentValidationError, hence the same BAD_USER_INPUT.
 */
export const validateArgument: ValidatorFn = async (value: unknown) => {
  if (value === null || typeof value !== 'object') return;
  const objects = (Array.isArray(value) ? (value as unknown[]) : [value]).filter((v): v is object => v !== null && typeof v === 'object' && hasRules(v));
  try {
    await Promise.all(objects.map((v) => validateOrReject(v, VALIDATOR_OPTIONS)));
  } catch (err) {
    throw new ArgumentValidationError(err as never);
  }
};
