"use client";
import { useEffect, useRef, useState } from "react";

/**
 * A filter box's text, sent trimmed `delay` ms after typing stops. A new `value` from elsewhere
 * (the back button, "Clear filters") replaces what the box shows; a value already sent is not sent
 * again.
 */
export function useDebouncedText(value: string, onSend: (text: string) => void, delay: number) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const send = useRef(onSend);
  useEffect(() => {
    send.current = onSend;
  });
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = trimmed;
      send.current(trimmed);
    }, delay);
    return () => clearTimeout(timer);
  }, [text, delay]);
  return [text, setText] as const;
}
