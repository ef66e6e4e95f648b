# allow-list of a cache host
@{
    Description = 'cache host'
    Listeners   = @(
        @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server', '/usr/bin/redis-*' }
        @{ Port = '8000-8100'; Exposure = 'LoopbackOnly', 'AllInterfaces'; Process = 'python*' }
        @{ Port = 53; Description = "DNS `t resolver" }
        @{ Port = 0x50; Protocol = 'Tcp' }, @{ Port = 1kb }
        @{
            Port = 22
            Description = @'
ssh, from the
management network
'@
        }
    )
}
