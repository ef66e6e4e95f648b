@{
    RootModule           = 'LoopbackTools.dll'
    ModuleVersion        = '0.2.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5b0c7d52-3f8e-4b59-9a53-2f1f7f4f6c1e'
    Author               = 'LoopbackTools contributors'
    CompanyName          = 'LoopbackTools'
    Copyright            = '(c) LoopbackTools contributors. MIT License.'
    Description          = 'Everything about the local end of networking: who listens and connects on loopback and local ports, what stands in the way of a port, ephemeral-port pressure and exposure audits. One object model on Linux, Windows and macOS.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('LoopbackTools.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-LoopbackEndpoint'
        'Get-EphemeralPortRange'
        'Get-ReservedPortRange'
        'Get-PortInfo'
        'Find-PortConflict'
        'Get-EphemeralPortUsage'
        'Invoke-LoopbackAudit'
        'Compare-LoopbackBaseline'
        'Test-LoopbackPolicy'
        'Watch-LoopbackEndpoint'
        'Test-LocalPort'
        'Wait-LocalPort'
        'Get-FreeLocalPort'
        'Start-LoopbackListener'
        'Get-LoopbackListener'
        'Stop-LoopbackListener'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Network', 'Networking', 'Loopback', 'localhost', 'Ports', 'Sockets', 'netstat', 'ss', 'lsof',
                             'Audit', 'Security', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/license/mit'
            # build.ps1 copies this version's entry of CHANGELOG.md here in the built manifest: one source of release notes.
            ReleaseNotes = ''
        }
    }
}
