import { useRef, useState, type PointerEvent } from 'react';

/**
 * A drawn signature, kept as SVG path data ("M10 20 L12 24 …", bounded) so it can be shown again exactly.
 * Touch, pen or mouse; the typed name and click signature remain the keyboard route.
 */
const maxLength = 60_000;

export function SignaturePad({ value, onChange }: { value: string; onChange: (path: string) => void }) {
  const drawing = useRef(false);
  const [path, setPath] = useState(value);
  const point = (e: PointerEvent<SVGSVGElement>): string => {
    const box = e.currentTarget.getBoundingClientRect();
    return `${Math.round(e.clientX - box.left)} ${Math.round(e.clientY - box.top)}`;
  };
  const extend = (next: string) => {
    if (next.length > maxLength) return;
    setPath(next);
    onChange(next);
  };
  return (
    <div className="field">
      <p className="field__label" id="signature-label">
        Draw your signature
      </p>
      <svg
        role="img"
        aria-labelledby="signature-label"
        className="signature-pad"
        width="480"
        height="140"
        viewBox="0 0 480 140"
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          extend(`${path} M${point(e)}`.trim());
        }}
        onPointerMove={(e) => {
          if (drawing.current) extend(`${path} L${point(e)}`);
        }}
        onPointerUp={() => {
          drawing.current = false;
        }}
      >
        <path
          d={path || 'M0 0'}
          fill="none"
          stroke="currentColor"
          strokeWidth="2.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <button type="button" className="link-button" onClick={() => extend('')}>
        Clear the drawing
      </button>
    </div>
  );
}
