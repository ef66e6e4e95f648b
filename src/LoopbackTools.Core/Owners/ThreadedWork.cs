using System;
using System.Threading;

namespace LoopbackTools.Owners
{
    /// <summary>Runs one work loop on several threads (the caller's among them) and waits for all of them.</summary>
    /// <remarks>
    /// Plain threads rather than the thread pool: a query runs once, briefly, with every thread busy in kernel calls
    /// (readlink, getdents64), and the pool's slow growth would delay the second thread by up to half a second.
    /// </remarks>
    internal static class ThreadedWork
    {
        /// <summary>
        /// Calls <paramref name="work"/> on <paramref name="threads"/> threads; each call pulls items from a cursor the
        /// caller shares. The first exception of any thread is rethrown (wrapped) once all threads have ended;
        /// <paramref name="onFailure"/> lets the others stop early.
        /// </summary>
        public static void Run(int threads, Action work, Action onFailure, string name)
        {
            var extra = new Thread[Math.Max(0, threads - 1)];
            Exception? failure = null;
            for (int t = 0; t < extra.Length; t++)
            {
                extra[t] = new Thread(() =>
                {
                    try
                    {
                        work();
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        onFailure();
                    }
                }) { IsBackground = true, Name = name };
                extra[t].Start();
            }

            try
            {
                work();
            }
            catch
            {
                onFailure();
                throw;
            }
            finally
            {
                foreach (var thread in extra)
                {
                    thread.Join();
                }
            }

            if (failure != null)
            {
                throw new InvalidOperationException("The " + name + " failed: " + failure.Message, failure);
            }
        }
    }
}
