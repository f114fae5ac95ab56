/**
 * The default brand layout for emails. `{{ body }}` marks where the message goes (exactly once);
 * `{{ preheader }}` is the optional inbox preview line. Other Liquid here is rendered per recipient
 * like the body's, with every value HTML-escaped. Custom layouts follow the same two conventions.
 */
export const DEFAULT_LAYOUT = `<mjml lang="en">
  <mj-head>
    <mj-preview>{{ preheader }}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.6" color="#1f2937" padding="0px" />
    </mj-attributes>
    <mj-style>
      a { color: #2563eb; }
      p { margin: 0 0 14px; }
      h1, h2, h3 { color: #111827; line-height: 1.3; margin: 0 0 14px; }
      blockquote { margin: 0 0 14px; padding-left: 12px; border-left: 3px solid #e5e7eb; color: #4b5563; }
      pre { background: #f3f4f6; border-radius: 6px; padding: 12px; white-space: pre-wrap; font-size: 13px; }
      img { max-width: 100%; height: auto; }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f4f5f7" width="600px">
    <mj-section padding="28px 24px 12px">
      <mj-column>
        <mj-text font-size="16px" font-weight="600" color="#111827">{{ workspace.name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="32px 32px 18px">
      <mj-column>
        <mj-text>{{ body }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 24px 32px">
      <mj-column>
        <mj-text font-size="12px" line-height="1.5" color="#6b7280" align="center">You received this email from {{ workspace.name }}.{% if unsubscribe_url %} <a href="{{ unsubscribe_url }}" style="color: #6b7280;">Unsubscribe</a>{% endif %}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
