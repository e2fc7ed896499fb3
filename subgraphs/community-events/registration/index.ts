import { EventAttendance } from './attendance.entity';
import { Registration } from './registration.entity';
import { EventAttendanceResolver, RegistrationResolver } from './registration.resolver';

/** Registrations and the waitlist (places at events), check-ins, walk-ins and no-shows. */
export const entities = [Registration, EventAttendance];
export const resolvers = [RegistrationResolver, EventAttendanceResolver];
