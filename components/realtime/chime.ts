let context: AudioContext | null = null;

/**
 * A short two-note chime, made on the spot (no sound file to fetch). A browser lets a page play
 * sound only once the person has interacted with it; before that this is silent, and the bubble
 * is the notice.
 */
export function playChime() {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") void context.resume();
    const start = context.currentTime;
    const gain = context.createGain();
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.12, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.45);
    for (const [frequency, offset] of [
      [880, 0],
      [1320, 0.1],
    ] as const) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + offset);
      tone.stop(start + offset + 0.35);
    }
  } catch {
    // No audio on this device: the bubble is enough.
  }
}
