// Audio files the content-relay tests make themselves: a real WAV a browser plays and a reader
// decodes, and the first bytes of the other accepted types.

/** A mono 16-bit PCM WAV of a tone: `seconds` long at `rate` samples a second. */
export function wav(seconds: number, rate = 8_000, hz = 440): Buffer {
  const samples = Math.round(seconds * rate);
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 8_000), 44 + i * 2);
  }
  return out;
}

/** An MP3 as encoders start it: an ID3v2 tag, then frames (their contents are not decoded here). */
export function mp3Head(size = 4_000): Buffer {
  const out = Buffer.alloc(size);
  out.write('ID3', 0, 'latin1');
  out[3] = 4;
  return out;
}

/** The first Ogg page of an Opus stream (OggS … OpusHead). */
export function oggOpusHead(size = 2_000): Buffer {
  const out = Buffer.alloc(size);
  out.write('OggS', 0, 'latin1');
  out.write('OpusHead', 28, 'latin1');
  return out;
}

/** The first Ogg page of a Vorbis stream: a type browsers do not all play. */
export function oggVorbisHead(size = 2_000): Buffer {
  const out = Buffer.alloc(size);
  out.write('OggS', 0, 'latin1');
  out.write('\x01vorbis', 28, 'latin1');
  return out;
}

/** An M4A's `ftyp` box. */
export function m4aHead(size = 2_000): Buffer {
  const out = Buffer.alloc(size);
  out.writeUInt32BE(24, 0);
  out.write('ftypM4A ', 4, 'latin1');
  return out;
}
