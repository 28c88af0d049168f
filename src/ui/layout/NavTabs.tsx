import { VIEW_TITLES, VIEWS, viewHref, type View } from '../routing/viewRoute';

const VIEW_HINTS: Record<View, string> = {
  classify: 'one image, many images',
  detect: 'video, webcam, many images',
  benchmark: 'sweep, compare backends, kernel profile, runs',
  models: 'library, import, trained weights',
};

/** One link per workflow: real links, so Tab reaches them, Enter follows them and the URL says where you are. */
export function NavTabs({ current }: { current: View }) {
  return (
    <nav className="nav-tabs" aria-label="Workflows">
      <ul>
        {VIEWS.map((view) => (
          <li key={view}>
            <a
              href={viewHref(view)}
              data-testid={`nav-${view}`}
              aria-current={view === current ? 'page' : undefined}
              title={VIEW_HINTS[view]}
            >
              {VIEW_TITLES[view]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
