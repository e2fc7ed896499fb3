import { ValidateBy, type ValidationOptions } from 'class-validator';

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
