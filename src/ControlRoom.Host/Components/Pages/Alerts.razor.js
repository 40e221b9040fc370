// A short tone through Web Audio, so no sound file is shipped; higher and longer for critical alerts.
export function beep(critical) {
    const context = new AudioContext();
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = critical ? 880 : 660;
    gain.gain.value = 0.1;
    tone.connect(gain).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + (critical ? 0.6 : 0.3));
    tone.onended = () => context.close();
}
