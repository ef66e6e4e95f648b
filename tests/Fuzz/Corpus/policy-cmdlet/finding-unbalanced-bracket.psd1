@{ Listeners = @( @{ Port = 22; Process = 'redis[' } ) }
