import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { CirculationNotice } from './circulation-notice.entity';

@ObjectType({ description: 'A page of circulation notices' })
export class CirculationNoticeConnection extends Connection(CirculationNotice) {}
