/**
 * A body stream that passes every chunk of `body` through, telling `onChunk` about each one and
 * `onError` about a failed read. `onChunk` may return an error to end the stream with (a cap); the
 * source is then cancelled so its socket is released at once.
 */
export function tapBody(
  body: ReadableStream<Uint8Array>,
  onChunk: (chunk: Uint8Array) => Error | undefined,
  onError?: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } catch (error) {
        onError?.(error);
        controller.error(error);
        return;
      }
      if (read.done) {
        controller.close();
        return;
      }
      const stop = onChunk(read.value);
      if (stop) {
        onError?.(stop);
        controller.error(stop);
        await reader.cancel(stop).catch(() => undefined);
        return;
      }
      controller.enqueue(read.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
