'use client';
import { type ReactNode, useEffect, useState } from 'react';
import { Tabs } from '../../../components/tabs';

export interface ServerTab {
  id: string;
  label: string;
  content: ReactNode;
}

/**
 * The server page's sections as WAI-ARIA tabs (arrow keys, Home and End move between them); the
 * address's #fragment opens one. Every panel is rendered on the server, so all of it is in the page.
 */
export function ServerTabs({ tabs }: { tabs: ServerTab[] }) {
  const [active, setActive] = useState(0);
  useEffect(() => {
    const fromHash = tabs.findIndex((t) => `#${t.id}` === window.location.hash);
    if (fromHash > 0) setActive(fromHash);
  }, [tabs]);
  const select = (n: number) => {
    setActive(n);
    window.history.replaceState(
      null,
      '',
      n === 0 ? window.location.pathname + window.location.search : `#${tabs[n]!.id}`,
    );
  };
  return (
    <Tabs
      items={tabs.map((t) => ({ id: t.id, label: t.label, panel: t.content }))}
      active={active}
      select={select}
      label="Server details"
      idPrefix="server-"
      size="md"
      panelClassName="pt-6"
      focusablePanels
      buttonType="button"
    />
  );
}
