import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** What an authority heading names: a person, a body (corporate name), a subject. */
export enum AuthorityKind {
  PERSONAL_NAME = 'PERSONAL_NAME',
  CORPORATE_NAME = 'CORPORATE_NAME',
  SUBJECT = 'SUBJECT',
}
registerEnumType(AuthorityKind, {
  name: 'AuthorityKind',
  description: "What a heading names: PERSONAL_NAME and CORPORATE_NAME (a record's authors), SUBJECT (its subject headings)",
  valuesConfig: {
    PERSONAL_NAME: { description: "A person, e.g. 'Pramoedya Ananta Toer'" },
    CORPORATE_NAME: { description: "A body, e.g. 'Badan Pusat Statistik'" },
    SUBJECT: { description: "A topic, e.g. 'Pertanian'" },
  },
});

/** The lists a form is looked up in: names (persons and bodies) or subjects. A form is unique within its list. */
export type AuthorityList = 'NAME' | 'SUBJECT';
export const listOf = (kind: AuthorityKind): AuthorityList => (kind === AuthorityKind.SUBJECT ? 'SUBJECT' : 'NAME');

/**
 * An authorised heading of the shared authority file: the form every record of the union
 * catalogue uses for this person, body or subject. Its "see" references (AuthoritySeeReference)
 * are the variant forms that lead to it. Public.
 */
@ObjectType({ description: 'An authorised heading (name or subject) of the union catalogue, with the variant forms that refer to it (public)' })
@Entity('authority_heading')
@Index('UQ_authority_heading_key', ['list', 'formKey'], { unique: true })
@Index('IDX_authority_heading_kind', ['kind', 'heading'])
export class AuthorityHeading {
  @Field(() => ID, { description: 'The heading' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => AuthorityKind, { description: 'Person, body or subject' })
  @Column({ type: 'varchar', length: 20 })
  kind: AuthorityKind;

  /** NAME or SUBJECT (listOf(kind)): the list the form must be unique in. */
  @Column({ type: 'varchar', length: 10 })
  list: AuthorityList;

  @Field({ description: "The authorised form, as records carry it, e.g. 'Toer, Pramoedya Ananta'" })
  @Column({ type: 'varchar', length: 150 })
  heading: string;

  /** The form folded for lookup (formKey): lower case, accents and punctuation dropped, single spaces. */
  @Column({ type: 'varchar', length: 150 })
  formKey: string;
}

/** A variant form ("see" reference): searches and records that use it are led to its heading. */
@Entity('authority_see_reference')
@Index('UQ_authority_see_key', ['list', 'formKey'], { unique: true })
@Index('IDX_authority_see_heading', ['headingId'])
export class AuthoritySeeReference {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  headingId: string;

  @ManyToOne(() => AuthorityHeading, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'headingId' })
  heading?: AuthorityHeading;

  /** The heading's list (NAME or SUBJECT). */
  @Column({ type: 'varchar', length: 10 })
  list: AuthorityList;

  @Column({ type: 'varchar', length: 150 })
  variant: string;

  @Column({ type: 'varchar', length: 150 })
  formKey: string;
}

/** Folds a form for lookup: 'Toer, Pramoedya  Ananta.' and 'toer pramoedya ananta' are one form. */
export function formKey(form: string): string {
  return form
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 150);
}
