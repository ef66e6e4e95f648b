BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    $core = [LoopbackTools.Endpoint].Assembly
    $script:Kind = $core.GetType('LoopbackTools.Errors.ErrorKind', $true)
    $script:Catalogue = $core.GetType('LoopbackTools.Errors.ErrorCatalogue', $true)
}

Describe 'The error catalogue against PowerShell itself' {
    It 'numbers every ErrorKind as the ErrorCategory of the same name' {
        foreach ($name in [Enum]::GetNames($Kind)) {
            $category = [System.Management.Automation.ErrorCategory] $name
            [int] $category | Should -Be ([int] [Enum]::Parse($Kind, $name)) -Because $name
        }
    }

    It 'gives errors the id and category of their entry, with the offending value as target' {
        $err = $null
        Stop-LoopbackListener -Id 2147483000 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ListenerNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 2147483000
        $all = $Catalogue.GetProperty('All', [Reflection.BindingFlags] 'Static,Public,NonPublic').GetValue($null)
        @($all | Where-Object Id -eq 'ListenerNotFound').Count | Should -Be 1
    }
}
