import { BareLayout } from "./layouts/bare.js";

/** The page a browser gets for an unknown path. */
export function notFoundPage() {
  return (
    <BareLayout title="Not found">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <a href="/">Back to Parley</a>
      </p>
    </BareLayout>
  );
}
