import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { CirculationNotice } from './circulation-notice.entity';

@ObjectType()
export class CirculationNoticeConnection extends Connection(CirculationNotice) {}
