import { useLocation } from 'react-router';
import { LiveRegion, Notice } from './Notice';

/** What a page hands the next one in the router state after a change ("Password changed"). */
export interface CarriedNoticeState {
  notice?: { title: string; body: string };
}

/** The success notice carried here in the router state, announced; nothing when none was. */
export function CarriedNotice() {
  const notice = (useLocation().state as CarriedNoticeState | null)?.notice;
  return (
    <LiveRegion>
      {notice ? (
        <Notice kind="success" title={notice.title}>
          <p>{notice.body}</p>
        </Notice>
      ) : null}
    </LiveRegion>
  );
}
