/** A YUV4MPEG2 (4:2:0) clip of a bright square moving over a gradient: Chromium's fake camera plays it in a loop. */
export function makeY4m(width = 320, height = 240, frames = 20, fps = 10): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const parts: Buffer[] = [header];
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(width * height);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const inSquare = Math.abs(col - (40 + f * 10)) < 30 && Math.abs(row - height / 2) < 40;
        y[row * width + col] = inSquare ? 235 : 16 + Math.round((200 * col) / width);
      }
    }
    const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
    parts.push(Buffer.from('FRAME\n', 'ascii'), y, chroma, chroma);
  }
  return Buffer.concat(parts);
}
