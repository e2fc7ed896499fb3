import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Whole rupiah that can pass Int's 2,147,483,647 (a year's budget, a city's spend): SafeInt (≤ 2^53 − 1). */
export const RupiahScalar = GraphQLSafeInt;

/** bigint columns come back as strings from mysql2: numbers here (rupiah stay far below 2^53). */
export const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/**
 * A library's acquisition budget for a (fiscal = calendar) year, set by its LIBRARY_ADMIN. Orders
 * commit money against it: `committed` is the cost of every order placed and not cancelled,
 * `spent` the part received. It is never overspent: an order is accepted only by the UPDATE that
 * adds its cost `WHERE committed + cost <= amount`, one statement on the row, so concurrent orders
 * cannot both take the last rupiah; and the amount is lowered only `WHERE committed <= amount`.
 * `orderCount` numbers the year's orders. Totals: the library's staff, GOVERNMENT, ADMIN.
 */
@ObjectType({ description: "A library's acquisition budget for a year, in rupiah (the library's staff, GOVERNMENT, ADMIN)" })
@Entity('acquisition_budget')
@Index('UQ_budget_library_year', ['libraryId', 'year'], { unique: true })
export class AcquisitionBudget {
  @Field(() => ID, { description: "The budget's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => Int, { description: 'The budget year (a calendar year)' })
  @Column({ type: 'int' })
  year: number;

  @Field(() => RupiahScalar, { description: 'The budget, rupiah' })
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount: number;

  @Field(() => RupiahScalar, { description: 'Cost of the orders placed and not cancelled (received or not)' })
  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  committed: number;

  @Field(() => RupiahScalar, { description: 'Cost of the orders received' })
  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  spent: number;

  /** Orders placed against the budget so far: the last order number of the year. */
  @Column({ type: 'int', default: 0 })
  orderCount: number;

  @Field({ description: 'When the amount was last set' })
  @Column({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 100 })
  setBy: string;
}
