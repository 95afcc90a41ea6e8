// Reconnect from a grid row when the marketplace offers more than one redirect: the same renew
// box as the connection's detail page (what the seller will be asked again, which redirect brings
// the approval back, with the choice), as a dialog over the grid. Renewing starts the renewal
// queue and closes it; Escape or Close leaves without starting anything.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';
import { RenewBox } from './renew-box';

export function RenewDialog(props: { readonly row: GridConnection; readonly lang: Lang; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [props.row.id]);
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') props.onClose();
  };
  return (
    <div className="renew-dialog" role="dialog" aria-modal="true" aria-label={`${t('cx.renewTitle')} · ${props.row.connectorName} · ${props.row.label}`} onKeyDown={onKeyDown}>
      <RenewBox row={props.row} lang={props.lang} onStarted={props.onClose} headingRef={heading} />
      <button type="button" onClick={props.onClose}>
        {t('cx.renewClose')}
      </button>
    </div>
  );
}
